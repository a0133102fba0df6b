// @peculiar/x509, loaded after the Reflect metadata it needs. Import the library from here,
// never directly, so the polyfill is always evaluated first.
import './reflect-metadata.ts';

export * from '@peculiar/x509';
