

// Length over complexity, as the NCSC advises: a long passphrase beats a short jumble.
export const MIN_PASSWORD_LENGTH = 12;
