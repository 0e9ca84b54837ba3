"""Staff in Slack: new requests posted to the staff channel with buttons, presses marked in the store.

Who is staff comes from configuration only (staff/config.py: the Slack team and channel ids), and a
press counts only when Slack signed it (channels/slack.py checks the signature first).
"""
