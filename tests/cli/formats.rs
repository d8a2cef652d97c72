//! Placeholder: tests for this part are being written.
