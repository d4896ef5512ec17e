export * from './sketch-bin';
