"""What an operator reads: counts in Prometheus' text format and JSON log lines with the conversation id."""
