"""What the test suite needs besides tests: designed data and session machinery."""
