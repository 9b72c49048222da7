// popup shim: loads the extension pages' Rust/wasm module, which asks the worker for the
// view, renders it and handles its buttons.
import init, { start_page } from '../wasm/pages.js';

const root = document.getElementById('root');
try {
  await init();
  await start_page('popup', root);
} catch (err) {
  root.textContent = 'revoke-watch could not start: ' + String((err && err.message) || err);
}
