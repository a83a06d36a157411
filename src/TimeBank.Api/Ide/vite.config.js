import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative URLs everywhere: the server serves index.html at the GraphQL endpoint with a <base> pointing at
// the folder it serves these files from, so the bundle works under any endpoint path or path base.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: '../wwwroot/ide',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Monaco alone is larger than Vite's warning threshold; the IDE is loaded once and cached.
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    rolldownOptions: {
      // React Compiler's "use no memo" in graphiql's own build: harmless in a bundle, and noise in every build log.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
