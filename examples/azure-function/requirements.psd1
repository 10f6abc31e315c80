# Modules the Functions host installs from the PowerShell Gallery (managed dependencies, see host.json).
# Pin the major version so a breaking release cannot arrive unannounced on the next cold start.
@{
    'Akool' = '0.*'
}
