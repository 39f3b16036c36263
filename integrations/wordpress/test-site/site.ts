// A real, throw-away WordPress for the tests: Debian's `wordpress` package copied to a temporary directory with our
// own wp-config.php, a MariaDB database made for this run, wp_install() from PHP, PHP's built-in web server with
// several workers, and the plugin activated and configured against the Stripe emulator. Nothing is mocked.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's `wordpress` package puts WordPress. */
export const WORDPRESS_SOURCE = process.env.WORDPRESS_DIR ?? '/usr/share/wordpress';
const here = fileURLToPath(new URL('.', import.meta.url));
/** The plugin folder in this repository (needs `pnpm --filter @checkout-element/wordpress-plugin build` first). */
export const PLUGIN_DIR = fileURLToPath(new URL('../checkout-element/', import.meta.url));

export interface Database {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** MariaDB/MySQL for the test sites: `WORDPRESS_DB_*`, else the machine's `127.0.0.1:3306` as root. */
export function testDatabase(): Database {
  return {
    host: process.env.WORDPRESS_DB_HOST ?? '127.0.0.1',
    port: Number(process.env.WORDPRESS_DB_PORT ?? 3306),
    user: process.env.WORDPRESS_DB_USER ?? 'root',
    password: process.env.WORDPRESS_DB_PASSWORD ?? '',
  };
}

/** What is missing on this machine to run a WordPress site, as messages naming the fix (empty when ready). */
export async function missingPrerequisites(database: Database = testDatabase()): Promise<string[]> {
  const missing: string[] = [];
  try {
    const { stdout } = await run('php', [
      '-r',
      'echo PHP_VERSION, ",", extension_loaded("mysqli") ? 1 : 0, ",", extension_loaded("curl") ? 1 : 0;',
    ]);
    const [version, mysqli, curl] = stdout.trim().split(',');
    if (mysqli !== '1') missing.push(`PHP ${version} has no mysqli extension: apt-get install php-mysql`);
    if (curl !== '1') missing.push(`PHP ${version} has no curl extension: apt-get install php-curl`);
  } catch {
    missing.push('PHP is not installed: apt-get install --no-install-recommends php-cli php-mysql php-curl');
  }
  if (!existsSync(join(WORDPRESS_SOURCE, 'wp-settings.php'))) {
    missing.push(
      `WordPress is not at ${WORDPRESS_SOURCE}: apt-get install --no-install-recommends wordpress wordpress-theme-twentytwentythree (or set WORDPRESS_DIR)`,
    );
  } else if (!existsSync(join(WORDPRESS_SOURCE, 'wp-content/themes/twentytwentythree/theme.json'))) {
    missing.push(
      'The Twenty Twenty-Three theme is missing: apt-get install wordpress-theme-twentytwentythree',
    );
  }
  if (!(await canConnect(database.host, database.port))) {
    missing.push(
      `No MariaDB/MySQL answers at ${database.host}:${database.port} (start it, e.g. start-stop-daemon --start --background --exec /usr/sbin/mariadbd, or set WORDPRESS_DB_HOST/WORDPRESS_DB_PORT)`,
    );
  }
  for (const file of ['stripe-checkout.js', 'stripe-checkout-status.js']) {
    if (!existsSync(join(PLUGIN_DIR, 'assets/js', file))) {
      missing.push(
        `The plugin is not built (no assets/js/${file}): pnpm build && pnpm --filter @checkout-element/wordpress-plugin build`,
      );
    }
  }
  return missing;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = connect({ host, port });
    connection.setTimeout(2000);
    connection.once('connect', () => {
      connection.destroy();
      resolve(true);
    });
    connection.once('timeout', () => {
      connection.destroy();
      resolve(false);
    });
    connection.once('error', () => resolve(false));
  });
}

/** A free TCP port on 127.0.0.1 (PHP's server cannot be asked to pick one and say which). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface SiteUser {
  readonly login: string;
  readonly password: string;
}

export interface WordPressSiteOptions {
  /** Stripe's API origin for the plugin (the emulator's URL). */
  readonly stripeApiBase: string;
  /** Stripe.js for the pages (the emulator's stand-in, `${emulator}/endive/stripe.js`). */
  readonly stripeJsUrl: string;
  /** wp-config.php constants beyond the test wiring (e.g. CHECKOUT_ELEMENT_SECRET_KEY). */
  readonly constants?: Readonly<Record<string, string | number | boolean>>;
  /** `copy`: the plugin folder is copied in and activated; `none`: a test installs it (from the zip). */
  readonly plugin?: 'copy' | 'none';
  /** Where the test probe mu-plugin reports each hook run; no probe without it. */
  readonly probeUrl?: string;
  readonly database?: Database;
}

export interface WordPressSite {
  readonly url: string;
  readonly dir: string;
  /** `${url}/wp-json/checkout-element/v1`. */
  readonly restBase: string;
  readonly admin: SiteUser;
  readonly editor: SiteUser;
  readonly subscriber: SiteUser;
  /** Runs `setup.php configure` with a JSON argument; resolves with its answer. */
  configure(input: ConfigureInput): Promise<{ pages: Record<string, { id: number; url: string }> }>;
  /** Lines of wp-content/debug.log that come from the plugin (PHP warnings, notices, deprecations in its files). */
  pluginDebugLines(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface ConfigureInput {
  readonly activate?: boolean;
  readonly theme?: string;
  readonly pages?: ReadonlyArray<{ slug: string; title: string; content: string }>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

function phpValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** Installs and serves a WordPress; call `stop()` to end the server and drop the database. */
export async function startWordPressSite(options: WordPressSiteOptions): Promise<WordPressSite> {
  const missing = await missingPrerequisites(options.database);
  if (missing.length > 0)
    throw new Error(`Cannot start a WordPress test site:\n  - ${missing.join('\n  - ')}`);
  const database = options.database ?? testDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'checkout-element-wp-'));
  const dbName = `checkout_element_wp_${process.pid}_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  let databaseCreated = false;

  const stop = async () => {
    if (server && server.exitCode === null && server.pid) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    if (databaseCreated) {
      await run('php', [
        '-r',
        `$db = mysqli_connect(${phpValue(database.host)}, ${phpValue(database.user)}, ${phpValue(database.password)}, '', ${database.port}); mysqli_query($db, 'DROP DATABASE IF EXISTS \`${dbName}\`');`,
      ]).catch(() => undefined);
    }
    if (process.env.WORDPRESS_KEEP_SITE !== '1') await rm(dir, { recursive: true, force: true });
  };

  try {
    await cp(WORDPRESS_SOURCE, dir, { recursive: true, verbatimSymlinks: true });
    await rm(join(dir, 'wp-config.php'), { force: true });
    const salts = [
      'AUTH_KEY',
      'SECURE_AUTH_KEY',
      'LOGGED_IN_KEY',
      'NONCE_KEY',
      'AUTH_SALT',
      'SECURE_AUTH_SALT',
      'LOGGED_IN_SALT',
      'NONCE_SALT',
    ];
    const constants: Record<string, string | number | boolean> = {
      DB_NAME: dbName,
      DB_USER: database.user,
      DB_PASSWORD: database.password,
      DB_HOST: `${database.host}:${database.port}`,
      DB_CHARSET: 'utf8mb4',
      DB_COLLATE: '',
      WP_HOME: url,
      WP_SITEURL: url,
      WP_CONTENT_DIR: join(dir, 'wp-content'),
      WP_CONTENT_URL: `${url}/wp-content`,
      // Every PHP warning, notice and deprecation is recorded; the plugin's own must be none (pluginDebugLines).
      WP_DEBUG: true,
      WP_DEBUG_LOG: join(dir, 'wp-content/debug.log'),
      WP_DEBUG_DISPLAY: false,
      SCRIPT_DEBUG: false,
      // A closed network: no calls to wordpress.org (update checks would wait for time-outs), no loopback cron.
      WP_HTTP_BLOCK_EXTERNAL: true,
      WP_ACCESSIBLE_HOSTS: '127.0.0.1,localhost',
      DISABLE_WP_CRON: true,
      AUTOMATIC_UPDATER_DISABLED: true,
      WP_AUTO_UPDATE_CORE: false,
      FS_METHOD: 'direct',
      WP_ENVIRONMENT_TYPE: 'local',
      CHECKOUT_ELEMENT_STRIPE_API_BASE: options.stripeApiBase,
      CHECKOUT_ELEMENT_STRIPE_JS_URL: options.stripeJsUrl,
      ...(options.probeUrl ? { CHECKOUT_ELEMENT_TEST_PROBE_URL: options.probeUrl } : {}),
      ...options.constants,
    };
    for (const salt of salts) constants[salt] = randomBytes(32).toString('hex');
    const config = [
      '<?php',
      '// Written by integrations/wordpress/test-site/site.ts for one test run.',
      ...Object.entries(constants).map(([name, value]) => `define( '${name}', ${phpValue(value)} );`),
      "$table_prefix = 'wp_';",
      "if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }",
      "require_once ABSPATH . 'wp-settings.php';",
      '',
    ].join('\n');
    await writeFile(join(dir, 'wp-config.php'), config);
    await cp(join(here, 'themes/hostile-theme'), join(dir, 'wp-content/themes/hostile-theme'), {
      recursive: true,
    });
    if (options.probeUrl) {
      await cp(join(here, 'mu-plugins'), join(dir, 'wp-content/mu-plugins'), { recursive: true });
    }
    if ((options.plugin ?? 'copy') === 'copy') {
      await cp(PLUGIN_DIR, join(dir, 'wp-content/plugins/checkout-element'), { recursive: true });
    }
    // Debian keeps uploads outside the package; the copy gets its own.
    await rm(join(dir, 'wp-content/uploads'), { recursive: true, force: true });

    const setup = (command: string, input: Record<string, unknown>) => runSetup(dir, url, command, input);

    const admin = { login: 'shopadmin', password: randomBytes(12).toString('hex') };
    const editor = { login: 'shopeditor', password: randomBytes(12).toString('hex') };
    const subscriber = { login: 'shopper', password: randomBytes(12).toString('hex') };
    databaseCreated = true;
    await setup('install', {
      dbHost: database.host,
      dbPort: database.port,
      dbUser: database.user,
      dbPassword: database.password,
      dbName,
      admin: { ...admin, email: 'admin@shop.example' },
      users: [
        { ...editor, email: 'editor@shop.example', role: 'editor' },
        { ...subscriber, email: 'shopper@shop.example', role: 'subscriber' },
      ],
    });

    const serverLog = join(dir, 'php-server.log');
    await writeFile(serverLog, '');
    server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', dir, join(here, 'router.php')], {
      cwd: dir,
      detached: true,
      stdio: 'ignore',
      // Several workers: webhooks, the return page and Stripe calls arrive at once, as on a real server.
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: process.env.WORDPRESS_PHP_WORKERS ?? '4' },
    });
    await waitForHttp(`${url}/wp-login.php`, server);

    const site: WordPressSite = {
      url,
      dir,
      restBase: `${url}/wp-json/checkout-element/v1`,
      admin,
      editor,
      subscriber,
      configure: (input) => configureSite(dir, url, input),
      async pluginDebugLines() {
        const log = await readFile(join(dir, 'wp-content/debug.log'), 'utf8').catch(() => '');
        return log
          .split('\n')
          .filter((line) => /PHP (Warning|Notice|Deprecated|Fatal error|Parse error)/.test(line))
          .filter((line) => line.includes('/plugins/checkout-element/'));
      },
      stop,
    };
    if ((options.plugin ?? 'copy') === 'copy') await site.configure({ activate: true });
    return site;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs `setup.php <command>` in a site's directory; resolves with the JSON line it prints. */
export async function runSetup(
  dir: string,
  url: string,
  command: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  try {
    const { stdout } = await run(
      'php',
      [join(here, 'setup.php'), command, JSON.stringify({ url, ...input })],
      {
        cwd: dir,
        maxBuffer: 4 * 1024 * 1024,
      },
    );
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(last);
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    // WordPress turns a fatal error into an HTML page on stdout; the reason is in its debug log.
    const log = await readFile(join(dir, 'wp-content/debug.log'), 'utf8').catch(() => '');
    const fatal = log
      .split('\n')
      .filter((line) => line.includes('PHP Fatal error'))
      .at(-1);
    throw new Error(
      `setup.php ${command} failed: ${fatal ?? (failure.stderr || failure.stdout || failure.message)}`,
    );
  }
}

/** `setup.php configure` for a running site (activate, theme, pages, settings). */
export function configureSite(
  dir: string,
  url: string,
  input: ConfigureInput,
): Promise<{ pages: Record<string, { id: number; url: string }> }> {
  return runSetup(dir, url, 'configure', { ...input }) as Promise<{
    pages: Record<string, { id: number; url: string }>;
  }>;
}

/** Polls until the server answers (a readiness check with a deadline, not a fixed sleep). */
async function waitForHttp(url: string, server: ChildProcess, deadlineMs = 20_000): Promise<void> {
  const started = Date.now();
  let lastProblem = '';
  while (Date.now() - started < deadlineMs) {
    if (server.exitCode !== null) throw new Error(`php -S exited with ${server.exitCode} before answering`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WordPress did not answer at ${url} within ${deadlineMs} ms (${lastProblem})`);
}
