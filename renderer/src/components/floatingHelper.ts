// Helper text placed over the gap below a box, so an error or hint never moves the controls.
export const FLOATING_HELPER = {
  formHelperText: {
    sx: { position: 'absolute', top: '100%', mt: 0.25, mx: 0.5, whiteSpace: 'nowrap', fontSize: 11, lineHeight: 1.3 },
  },
} as const;
