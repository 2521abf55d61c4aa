#include "logging.h"

Q_LOGGING_CATEGORY(lcApi, "alhena.api", QtInfoMsg)
