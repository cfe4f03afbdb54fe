import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The chat widget customers embed on their own sites: one self-contained script,
 * web/dist/widget.js (no chunks, no CSS file: its styles live in its shadow DOM), plus the demo
 * page. Built after the agent app, which empties web/dist first.
 */
export default defineConfig({
  root,
  publicDir: path.join(root, 'public'),
  build: {
    outDir: path.join(root, '../dist'),
    emptyOutDir: false,
    // Browsers from 2021 on (class fields, optional chaining) without helpers that would double its size.
    target: 'es2022',
    lib: {
      entry: path.join(root, 'src/main.ts'),
      name: 'HotlineWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
