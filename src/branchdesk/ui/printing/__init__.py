"""Qt user interface: pages, dialogs, widgets and table models; calls services, never SQL."""
