export { cli, run } from './main.js';
