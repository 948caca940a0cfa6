//! Unit tests of the Okta language.
