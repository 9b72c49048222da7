// Popup shim: loads the Rust/wasm module, which renders the popup.
import init, { render_popup } from '../wasm/revoke_watch.js';

const root = document.getElementById('root');
try {
  await init();
  await render_popup(root);
} catch (err) {
  root.textContent = 'revoke-watch could not start: ' + String((err && err.message) || err);
}
