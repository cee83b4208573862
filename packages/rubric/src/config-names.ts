/** Where the config is looked for in each folder, in order, from a file's folder up: `package.json` (its `tmsync` key), then the rc files. */
export const CONFIG_NAMES = ['package.json', '.tmsyncrc.yaml', '.tmsyncrc.yml', '.tmsyncrc.json'] as const;
