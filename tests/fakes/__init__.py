"""Stand-ins for outside services that tests start on 127.0.0.1: a BSrE esign-client and a TSA."""
