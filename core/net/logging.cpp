#include "logging.h"

Q_LOGGING_CATEGORY(lcApi, "alhena.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFiles, "alhena.files", QtInfoMsg)
