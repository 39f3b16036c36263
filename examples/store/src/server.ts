// The demo behind `pnpm start`. Until the store example lands (issue 6) this serves a
// placeholder page, so the README's first command already does what it says.
import express from 'express';

const port = Number(process.env.PORT ?? 3000);
const app = express();

app.get('/', (_request, response) => {
  response.type('html').send(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Checkout Element demo</title></head>
  <body>
    <h1>Checkout Element demo</h1>
    <p>The demo store is being built; the packages are in <code>packages/</code>.</p>
  </body>
</html>`);
});

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`Checkout Element demo: listening on http://127.0.0.1:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
