// The single-file bundle for <script type="module">: importing it defines both tags (idempotently).
export * from './index.js';
export * from './status.js';
