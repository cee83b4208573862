/** A configuration file that cannot be used; the message names the file and the key path. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
