"""ComponentResources shared by the platform and serving Pulumi projects, one concern per module."""
