// textkit: the package entry. Each helper is exported here once it exists.
export const version = '0.1.0';
