package io.openova.catalyst.provisioning.config;

/**
 * One reason a config is refused: where (a JSON pointer into the config, empty for the whole config) and a sentence
 * saying what is wrong.
 */
public record ConfigViolation(String pointer, String message) {}
