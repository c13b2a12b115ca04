// Preloaded by compare.js (`node -r`): at exit, writes the main thread's CPU seconds (user + system,
// from /proc/self/task/<pid>/stat, Linux) to the file named by BOOKLET_MAIN_CPU_FILE.
const fs = require('node:fs');

const file = process.env.BOOKLET_MAIN_CPU_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
      // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      fs.writeFileSync(file, String((Number(f[11]) + Number(f[12])) / 100));
    } catch {
      // not Linux: no figure
    }
  });
}
