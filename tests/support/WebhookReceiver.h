#pragma once
// A loopback webhook for alert tests: it listens on a free port of 127.0.0.1, records the JSON
// body and Content-Type of every alert POSTed to its Slack-shaped URL, and answers each with a
// status the test sets (200 by default). It lives on the caller's thread: the alerts arrive
// while the test spins the event loop (QTRY_*, QSignalSpy::wait, a waiting sender).
//
//     WebhookReceiver hook;
//     QVERIFY(hook.isListening());
//     config.alerts.webhookUrl = hook.url();
//     …
//     QTRY_COMPARE_WITH_TIMEOUT(hook.texts().size(), 1, 20000);

#include <QByteArray>
#include <QHttpServer>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QVector>

namespace ec::test {

class WebhookReceiver
{
public:
    /// Listens at once; token is the secret last part of url(), for tests that check it never
    /// leaks into logs or alerts.
    explicit WebhookReceiver(QString token = QStringLiteral("t0ken"));

    bool isListening() const { return m_listening; }
    /// http://127.0.0.1:<port>/services/T000/B000/<token>
    QUrl url() const;
    QString token() const { return m_token; }

    /// The status every later alert is answered with.
    void setStatus(QHttpServerResponder::StatusCode status) { m_status = status; }

    /// Every body received, in order.
    const QVector<QJsonObject>& bodies() const { return m_bodies; }
    /// The Content-Type of each of them.
    const QVector<QByteArray>& contentTypes() const { return m_contentTypes; }
    /// The "text" field of each body (what a Slack-style alert says).
    QStringList texts() const;

private:
    QHttpServer m_server;
    QString m_token;
    bool m_listening = false;
    quint16 m_port = 0;
    QHttpServerResponder::StatusCode m_status = QHttpServerResponder::StatusCode::Ok;
    QVector<QJsonObject> m_bodies;
    QVector<QByteArray> m_contentTypes;
};

} // namespace ec::test
