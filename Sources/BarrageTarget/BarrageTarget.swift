// The embedded target server lives in this module (issue: embedded target). See docs/target.md.
