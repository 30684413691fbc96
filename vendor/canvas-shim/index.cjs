// Re-export @napi-rs/canvas's node-canvas compatible API under the name `canvas`,
// so chartjs-node-canvas needs neither cairo nor a binary download from GitHub.
module.exports = require('@napi-rs/canvas/node-canvas');
