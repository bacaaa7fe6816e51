"""boto3 operations the workflows call and people run by hand."""
