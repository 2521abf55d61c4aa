#pragma once

#include "fakegeminiserver.h"
#include "geminiclient.h"
#include "support/fakescheduler.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

// A GeminiClient talking to an in-process FakeGeminiServer through a real loopback socket.
struct ClientFixture
{
    FakeGeminiServer server;
    QNetworkAccessManager nam;
    FakeScheduler scheduler;
    std::unique_ptr<GeminiClient> client;

    ClientFixture()
    {
        if (!server.listen())
            qFatal("fake server: %s", qPrintable(server.errorString()));
        ClientConfig config;
        config.baseUrl = server.baseUrl();
        config.apiKey = server.apiKey();
        config.retry.jitter = 0;
        client = std::make_unique<GeminiClient>(&nam, config);
        client->setScheduler(&scheduler);
    }

    // Runs the retry timers the client asked for until the call settles.
    template<typename Predicate> bool driveRetries(Predicate done, int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done() && timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (scheduler.pendingCount() > 0)
                scheduler.advance(120 * 1000);
        }
        return done();
    }
};
