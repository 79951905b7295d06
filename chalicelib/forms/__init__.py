"""The hosted pledge and self-assessment forms: server-rendered HTML from the questionnaire catalogue."""
