/**
 * The version of the contract between the CLI and its templates. A template's manifest declares the
 * range of contract versions it supports (`engine`), and the CLI refuses templates whose range does
 * not include this one. Bump the minor for additive changes, the major for breaking ones.
 */
export const CONTRACT_VERSION = '1.0.0';
