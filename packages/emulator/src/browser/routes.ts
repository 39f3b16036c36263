// Serves the Stripe.js stand-in at Stripe's paths and the pages of the iframes it mounts (INTERNALS.md §1).
import express from 'express';
import { frameScript, stripeScript, TRAINS, type Train } from './bundle.js';
import { FRAME_TITLES, type FrameKind } from './frame-kinds.js';
import { notEmulatedMessage } from './not-emulated.js';

function framePage(kind: FrameKind): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${FRAME_TITLES[kind]} (Stripe emulator)</title>
</head>
<body data-element="${kind}">
<script src="frame.js"></script>
</body>
</html>
`;
}

export function createBrowserRouter(): express.Router {
  const router = express.Router();
  router.use(['/basil', '/clover', '/dahlia', '/endive', '/v3', '/elements'], (_request, response, next) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    next();
  });

  for (const train of TRAINS) {
    router.get(`/${train}/stripe.js`, async (_request, response, next) => {
      try {
        const script = await stripeScript(train as Train);
        response.type('application/javascript').setHeader('Cache-Control', 'no-cache').send(script);
      } catch (error) {
        next(error);
      }
    });
  }

  // @stripe/stripe-js 7 loads /basil/stripe.js, whose initCheckout is asynchronous and takes
  // fetchClientSecret; the stand-in does not emulate that release (FIDELITY.md), and says so where it is asked.
  router.get('/basil/stripe.js', (_request, response) => {
    response
      .status(404)
      .type('application/javascript')
      .send(
        `throw new Error(${JSON.stringify(
          `${notEmulatedMessage('Stripe.js basil (@stripe/stripe-js 7)')}: load /clover/stripe.js with ` +
            '@stripe/stripe-js 8, /dahlia/ with 9 or /endive/ with 10.',
        )});\n`,
      );
  });

  router.get('/elements/frame.js', async (_request, response, next) => {
    try {
      response
        .type('application/javascript')
        .setHeader('Cache-Control', 'no-cache')
        .send(await frameScript());
    } catch (error) {
      next(error);
    }
  });

  router.get('/elements/:kind', (request, response, next) => {
    const kind = request.params.kind as FrameKind;
    if (!Object.hasOwn(FRAME_TITLES, kind)) {
      next();
      return;
    }
    response.type('html').setHeader('Cache-Control', 'no-cache').send(framePage(kind));
  });

  return router;
}
