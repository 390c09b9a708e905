/**
 * The README's quick start as a user pastes it, with the one property in
 * {@code quickstart.properties}: {@code QuickStartIT} runs two of these applications, and
 * {@code ReadmeQuickStartTests} checks that their code is the README's.
 */
package dev.ipcsocket.test.quickstart;
