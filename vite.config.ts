// The renderer build: root renderer/, output dist/, relative base (served from app://signtrail/ in Electron, / in browser mode).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { metaContentSecurityPolicy } from './shared/contentSecurityPolicy.ts';

/** The built page carries the app's CSP too, besides the header (one policy, not two). */
const CSP = metaContentSecurityPolicy();

function contentSecurityPolicy(): Plugin {
  return {
    name: 'signtrail-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // No inline module-preload polyfill: the CSP allows no inline script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2500,
  },
  server: { port: 5173, strictPort: false },
});
