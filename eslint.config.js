// Typed linting: the rules that catch unhandled promises and unsafe `any`
// matter most in a CLI whose every failure must end in a clear message.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersConfig } from './lint/layers.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.scratch/', 'bench/*.mjs', 'docs/tools/*.mjs', 'build.mjs', 'bin/', '.ci/', 'eslint.config.js', 'lint/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // Matching ANSI escape codes (\x1b) is routine in a terminal tool.
      'no-control-regex': 'off',
    },
  },
  // The layers of src/: an upward import is an error (ARCHITECTURE.md).
  layersConfig,
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
