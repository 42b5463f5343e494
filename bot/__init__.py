"""The composition root: settings, the application, jobs, the command line and the console."""
