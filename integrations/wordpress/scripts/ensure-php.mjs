// Runs first in the WordPress tests (and in .ci/run): make sure PHP, Debian's WordPress, phpunit, phpcs, zip and a
// MariaDB are there. As root on Debian it installs the packages (as tools/test-browser/ensure.mjs does for
// Chromium); elsewhere it stops and prints what is missing and the command that installs it.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const PACKAGES =
  'php-cli php-mysql php-curl wordpress wordpress-theme-twentytwentythree phpunit php-codesniffer zip';

function has(command, args = ['--version']) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function missingPackages() {
  const missing = [];
  if (!has('php')) missing.push('PHP (php-cli)');
  else {
    const modules = spawnSync('php', ['-m'], { encoding: 'utf8' }).stdout;
    if (!/^mysqli$/m.test(modules)) missing.push('PHP mysqli (php-mysql)');
    if (!/^curl$/m.test(modules)) missing.push('PHP curl (php-curl)');
  }
  if (!existsSync('/usr/share/wordpress/wp-settings.php') && !process.env.WORDPRESS_DIR)
    missing.push('WordPress (wordpress)');
  if (!existsSync('/usr/share/wordpress/wp-content/themes/twentytwentythree') && !process.env.WORDPRESS_DIR)
    missing.push('Twenty Twenty-Three (wordpress-theme-twentytwentythree)');
  if (!has('phpunit')) missing.push('PHPUnit (phpunit)');
  if (!has('phpcs')) missing.push('PHP_CodeSniffer (php-codesniffer)');
  if (!has('zip', ['-v'])) missing.push('zip');
  return missing;
}

function databaseAnswers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

let missing = missingPackages();
const canApt = existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
if (missing.length > 0 && canApt) {
  console.log(`Missing for the WordPress tests: ${missing.join(', ')}; installing Debian's packages…`);
  execSync(
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PACKAGES}`,
    { stdio: 'inherit' },
  );
  // Debian's wordpress package pulls in Apache and may start it; the tests serve WordPress with `php -S`.
  spawnSync('sh', ['-c', 'command -v apache2ctl >/dev/null && apache2ctl stop'], { stdio: 'ignore' });
  missing = missingPackages();
}
const host = process.env.WORDPRESS_DB_HOST ?? '127.0.0.1';
const port = Number(process.env.WORDPRESS_DB_PORT ?? 3306);
if (!(await databaseAnswers(host, port))) {
  if (canApt && existsSync('/usr/sbin/mariadbd')) {
    console.log('MariaDB is installed but not running: starting it…');
    spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd'], {
      stdio: 'inherit',
    });
    for (let attempt = 0; attempt < 50 && !(await databaseAnswers(host, port)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  if (!(await databaseAnswers(host, port))) {
    missing.push(
      `a MariaDB/MySQL server at ${host}:${port} (user root, empty password; apt-get install mariadb-server, or set WORDPRESS_DB_HOST/PORT/USER/PASSWORD)`,
    );
  }
}
if (missing.length > 0) {
  console.error(
    `The WordPress tests cannot run; missing: ${missing.join('; ')}.\n` +
      `  Install on Debian/Ubuntu: apt-get install --no-install-recommends ${PACKAGES}`,
  );
  process.exit(1);
}
console.log(
  `PHP, WordPress, phpunit, phpcs and MariaDB (${host}:${port}) are ready for the WordPress tests.`,
);
