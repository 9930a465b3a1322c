/// <reference types="vite/client" />

/** When this build was made (app/vite.config.ts). */
declare const __APP_BUILD__: string;
