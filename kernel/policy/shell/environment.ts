/**
 * Environment variables that change which program runs or what a program executes: setting
 * one of these in front of an allowed command (`PATH=/tmp ls`, `LD_PRELOAD=x.so cat`,
 * `GIT_PAGER='sh -c id' git log`, `BASH_ENV=evil.sh bash -c true`) is an escape.
 */

const exactNames = new Set([
  "PATH",
  "ENV",
  "IFS",
  "CDPATH",
  "HOME",
  "SHELL",
  "SHELLOPTS",
  "BASHOPTS",
  "GLOBIGNORE",
  "PROMPT_COMMAND",
  "EDITOR",
  "VISUAL",
  "PAGER",
  "MANPAGER",
  "BROWSER",
  "TERMINAL",
  "OLDPWD",
  "PWD",
  "TMPDIR",
  "SSH_ASKPASS",
  "SUDO_ASKPASS",
  "GIT_ASKPASS",
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_REPL_EXTERNAL_MODULE",
  "NODE_TLS_REJECT_UNAUTHORIZED",
  "RUBYOPT",
  "PERL5OPT",
  "PYTHONSTARTUP",
  "PYTHONPATH",
  "PYTHONHOME",
  "AWKPATH",
  "TAR_OPTIONS",
  "ZIPOPT",
  "GZIP",
  "XARGS",
]);

const prefixes = [
  "LD_",
  "DYLD_",
  "BASH_",
  "GIT_",
  "LESS",
  "PS",
  "PERL",
  "RUBY",
  "NPM_CONFIG_",
  "SSH_",
  "GCONV_",
  "MAN",
  "BASHOPTS",
];

/** Why assigning `name` is refused, or undefined when it is harmless. */
export function dangerousVariable(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (exactNames.has(upper) || prefixes.some((prefix) => upper.startsWith(prefix))) {
    return `setting ${name} changes which program runs or what it executes`;
  }
  return undefined;
}
