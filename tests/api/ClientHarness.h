#pragma once
// An EmbeddingClient with everything it emits recorded, for the client suites.

#include "api/EmbeddingClient.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QHash>
#include <QVector>

#include <algorithm>

namespace ec::test {

class ClientHarness
{
public:
    ClientHarness(const ApiSettings& api, const EmbeddingSettings& embedding = {})
        : client(api, embedding)
    {
        QObject::connect(&client, &EmbeddingClient::batchFinished, &client,
                         [this](quint64 ticket, const QVector<InputOutcome>& outcomes) {
                             ++finishedCount[ticket];
                             finished.insert(ticket, outcomes);
                         });
        QObject::connect(&client, &EmbeddingClient::requestCompleted, &client,
                         [this](const RequestStats& s) { requests.append(s); });
        QObject::connect(&client, &EmbeddingClient::retryScheduled, &client,
                         [this](const RetryNotice& n) { retries.append(n); });
        QObject::connect(&client, &EmbeddingClient::rateLimitsChanged, &client,
                         [this](const RateLimitSnapshot& s) { limits.append(s); });
        QObject::connect(&client, &EmbeddingClient::inFlightChanged, &client,
                         [this](int n) { maxInFlight = std::max(maxInFlight, n); });
    }

    static QVector<EmbeddingInput> inputsOf(const QStringList& texts)
    {
        QVector<EmbeddingInput> inputs;
        for (const QString& text : texts) {
            const QByteArray utf8 = text.toUtf8();
            inputs.append({utf8, Cl100kTokenizer::instance().count(QByteArrayView(utf8))});
        }
        return inputs;
    }

    quint64 submit(const QStringList& texts) { return client.submit(inputsOf(texts)); }

    EmbeddingClient client;
    QHash<quint64, QVector<InputOutcome>> finished;
    QHash<quint64, int> finishedCount;
    QVector<RequestStats> requests;
    QVector<RetryNotice> retries;
    QVector<RateLimitSnapshot> limits;
    int maxInFlight = 0;
};

} // namespace ec::test
