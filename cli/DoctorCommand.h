#pragma once
// `embedctl doctor`: checks the configured endpoint with a handful of tiny requests before a
// run spends anything (EndpointDoctor). Exit 0 when a run would work, 1 with the reason.

#include "CliCommand.h"

namespace ec {

class DoctorCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("doctor"); }
    QString summary() const override
    {
        return QStringLiteral(
            "Check the endpoint: reach, key, latency, dimensions, base64, limits, batch size.");
    }
    int execute(CliContext& context) override;
};

} // namespace ec
