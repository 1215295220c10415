// The `electron` package is an optional dependency and absent on machines that cannot download
// its binary; this keeps the typecheck working there. The shell's modules type the parts of
// Electron they use with their own narrow interfaces.
declare module 'electron';
