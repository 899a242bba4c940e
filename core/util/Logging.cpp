#include "util/Logging.h"

Q_LOGGING_CATEGORY(lcStore, "ec.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "ec.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "ec.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPipeline, "ec.pipeline", QtInfoMsg)
Q_LOGGING_CATEGORY(lcOps, "ec.ops", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "ec.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "ec.ui", QtInfoMsg)
