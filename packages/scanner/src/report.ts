/** Version of the JSON report contract. It only grows: fields are added, never renamed or removed. */
export const REPORT_SCHEMA_VERSION = '1.0.0';
