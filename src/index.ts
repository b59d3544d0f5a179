export * from './highly-available-web-app';
export * from './network/web-app-network';
export * from './security/web-app-encryption';
export * from './compute/app-source';
export * from './compute/web-app-tier';
export * from './edge/web-application-firewall';
export * from './edge/static-assets';
export * from './edge/edge-distribution';
