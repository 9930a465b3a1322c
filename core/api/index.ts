export * from './catalogue';
export * from './common';
export * from './holder-proof';
export * from './links';
export * from './mykeys';
export * from './sync';
export * from './terminals';
