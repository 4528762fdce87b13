"""What the screens share: the app context, the screen base class, the form loader, workers,
settings, the translator, field-error display and PDF printing. Imports no screen."""
