#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcApi)   // alhena.api
Q_DECLARE_LOGGING_CATEGORY(lcFiles) // alhena.files: uploads, hashing, the remote file registry
