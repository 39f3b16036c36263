// Serves the Stripe.js stand-in at Stripe's paths and the pages of the iframes it mounts (INTERNALS.md §1).
import { createHash } from 'node:crypto';
import express from 'express';
import { frameScript, stripeScript, TRAINS, type Train } from './bundle.js';
import { FRAME_TITLES, type FrameKind } from './frame-kinds.js';
import { notEmulatedMessage } from './not-emulated.js';

let lastFingerprint: { script: string; digest: string } | null = null;
/** The first 12 hex digits of the script's SHA-256, computed once per built script. */
function fingerprint(script: string): string {
  if (lastFingerprint?.script !== script)
    lastFingerprint = { script, digest: createHash('sha256').update(script).digest('hex').slice(0, 12) };
  return lastFingerprint.digest;
}

function framePage(kind: FrameKind, version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${FRAME_TITLES[kind]} (Stripe emulator)</title>
</head>
<body data-element="${kind}">
<script src="frame.js?v=${version}"></script>
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

  // Stripe's iframes load fingerprinted scripts that browsers may cache ("js/m-outer-c87083b….js | 5 m"; Stripe:
  // "We do plan on increasing the TTL of dependencies", stripe/stripe-js#100), so the several iframes of one
  // checkout download and compile their script once. The stand-in's frame pages name frame.js with its content's
  // fingerprint (?v=) and that URL may be cached for 5 minutes; any other is revalidated every time.
  router.get('/elements/frame.js', async (request, response, next) => {
    try {
      const script = await frameScript();
      const fingerprinted = request.query.v === fingerprint(script);
      response
        .type('application/javascript')
        .setHeader('Cache-Control', fingerprinted ? 'public, max-age=300' : 'no-cache')
        .send(script);
    } catch (error) {
      next(error);
    }
  });

  router.get('/elements/:kind', async (request, response, next) => {
    const kind = request.params.kind as FrameKind;
    if (!Object.hasOwn(FRAME_TITLES, kind)) {
      next();
      return;
    }
    try {
      const version = fingerprint(await frameScript());
      response.type('html').setHeader('Cache-Control', 'no-cache').send(framePage(kind, version));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
