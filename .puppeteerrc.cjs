// Ace (a devDependency) runs puppeteer; it must never download a browser: the tests use
// Debian's chromium (see .ci/run). This keeps a plain `npm ci` working on a fresh machine.
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
};
