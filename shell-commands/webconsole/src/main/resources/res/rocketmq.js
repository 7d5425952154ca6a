/*
 * The RocketMQ page of the web console. Everything it shows comes from the JSON API (api/...) and goes
 * into the page as text (textContent, never innerHTML), so a value a user or a broker supplied cannot
 * become markup. State-changing calls carry the CSRF token the API hands out in api/session.
 */
(function () {
  'use strict';

  var container = document.getElementById('rocketmq');
  var root = container.getAttribute('data-root');
  var session = null;
  var timers = [];
  var views = 0;

  // ---- DOM and HTTP helpers

  /** el('td', {class: 'x'}, 'text', otherNode): strings become text nodes. */
  function el(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name.indexOf('on') === 0) {
        node.addEventListener(name.substring(2), value);
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      append(node, arguments[i]);
    }
    return node;
  }

  /** append(node, child, ...): each child a node, a string (text) or an array of them; null is skipped. */
  function append(node) {
    for (var i = 1; i < arguments.length; i++) {
      appendOne(node, arguments[i]);
    }
  }

  function appendOne(node, child) {
    if (child === null || child === undefined) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (each) { appendOne(node, each); });
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  function call(method, path, body) {
    var headers = {'Accept': 'application/json'};
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      headers[session.csrfHeader] = session.csrfToken;
    }
    // location.origin, not a relative URL: a page opened as http://user:password@host/... would pass the
    // credentials on to a relative URL, and fetch refuses URLs with credentials.
    return fetch(location.origin + root + '/api/' + path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) {
        return {ok: response.ok, status: response.status, json: json};
      }, function () {
        return {ok: false, status: response.status, json: {error: 'HTTP ' + response.status}};
      });
    });
  }

  function get(path) {
    return call('GET', path).then(function (answer) {
      if (!answer.ok) {
        throw new Error(answer.json.error || ('HTTP ' + answer.status));
      }
      return answer.json;
    });
  }

  function query(params) {
    return Object.keys(params).filter(function (key) {
      return params[key] !== null && params[key] !== undefined && params[key] !== '';
    }).map(function (key) {
      return encodeURIComponent(key) + '=' + encodeURIComponent(params[key]);
    }).join('&');
  }

  function show() {
    timers.forEach(clearInterval);
    timers = [];
    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    append(container, nav());
    for (var i = 0; i < arguments.length; i++) {
      append(container, arguments[i]);
    }
  }

  /**
   * A test for a view that loads before it shows: false once the user has gone to another view, so a
   * late answer does not replace the view they are looking at.
   */
  function current() {
    var mine = views;
    return function () { return mine === views; };
  }

  function failure(error) {
    return el('p', {class: 'rmq-error', 'data-test': 'error'}, String(error.message || error));
  }

  function nav() {
    var current = location.hash.split('/')[0].split('?')[0] || '#adapters';
    return el('div', {class: 'rmq-tabs'},
      [['#adapters', 'Adapters'], ['#audit', 'Audit log'], ['#alerts', 'Alerts']].map(function (tab) {
        return el('a', {href: tab[0], class: current === tab[0] ? 'rmq-tab rmq-current' : 'rmq-tab'}, tab[1]);
      }),
      el('span', {class: 'rmq-user'}, 'Signed in as ' + session.user + (session.admin ? ' (admin)' : ' (viewer)')));
  }

  function number(value, digits) {
    return value === null || value === undefined ? '' : Number(value).toFixed(digits === undefined ? 0 : digits);
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  function table(columns, rows, attributes) {
    return el('table', Object.assign({class: 'tablesorter nicetable rmq-table'}, attributes || {}),
      el('thead', {}, el('tr', {}, columns.map(function (c) { return el('th', {}, c); }))),
      el('tbody', {}, rows));
  }

  // ---- adapters

  function adapters() {
    var live = current();
    get('adapters').then(function (list) {
      if (!live()) {
        return;
      }
      var rows = list.map(function (a) {
        return el('tr', {'data-adapter': a.id},
          el('td', {}, el('a', {href: '#adapter/' + encodeURIComponent(a.id)}, a.id)),
          el('td', {}, a.name),
          el('td', {}, a.app),
          el('td', {'data-test': 'transport'}, a.transport),
          el('td', {'data-test': 'address'}, a.transport === 'grpc' ? a.endpoints : a.namesrvAddr),
          el('td', {class: a.up ? 'rmq-up' : 'rmq-down', 'data-test': 'state'}, a.up ? 'UP' : 'DOWN: ' + a.reason),
          el('td', {'data-test': 'managed'}, a.managed ? 'managed' + (a.app ? ' by ' + a.app : '') : ''),
          el('td', {}, a.clients.join(', ')),
          el('td', {'data-test': 'description'}, a.description),
          el('td', {'data-test': 'calls'}, a.callsLastMinute),
          el('td', {'data-test': 'errors'}, a.errorsLastMinute),
          el('td', {}, actions(a)));
      });
      show(el('h2', {}, 'Adapters'),
        session.admin ? el('p', {}, el('button', {'data-action': 'create', onclick: function () {
          location.hash = '#new';
        }}, 'Create adapter')) : null,
        table(['Id', 'Name', 'App', 'Transport', 'Address', 'State', 'Managed', 'Clients', 'Description', 'Calls/min',
          'Errors/min', ''],
          rows, {'data-test': 'adapters'}),
        el('div', {id: 'rmq-test-result'}));
    }, function (e) { if (live()) { show(failure(e)); } });
  }

  function actions(a) {
    var dlq = el('button', {'data-action': 'dlq', onclick: function () { location.hash = '#dlq/' + encodeURIComponent(a.id); }},
      'Dead letters');
    if (!session.admin) {
      return [dlq];
    }
    return [
      dlq,
      el('button', {'data-action': 'offsets', onclick: function () {
        location.hash = '#offsets/' + encodeURIComponent(a.id);
      }}, 'Offsets'),
      el('button', {'data-action': 'edit', onclick: function () { location.hash = '#edit/' + encodeURIComponent(a.id); }},
        a.managed ? 'View' : 'Edit'),
      a.managed ? null : el('button', {'data-action': 'delete', onclick: function () { remove(a.id); }}, 'Delete'),
      el('button', {'data-action': 'test', onclick: function () { testConnection(a.id); }}, 'Test'),
      el('button', {'data-action': 'send', onclick: function () { location.hash = '#send/' + encodeURIComponent(a.id); }},
        'Send'),
      el('button', {'data-action': 'peek', onclick: function () { location.hash = '#peek/' + encodeURIComponent(a.id); }},
        'Peek')
    ];
  }

  function remove(id) {
    if (!confirm('Delete adapter ' + id + '? Its clients are closed and its configuration removed.')) {
      return;
    }
    call('DELETE', 'adapters/' + encodeURIComponent(id)).then(function (answer) {
      if (answer.ok) {
        adapters();
      } else {
        alert(answer.json.error);
      }
    });
  }

  function testConnection(id) {
    var target = document.getElementById('rmq-test-result');
    target.textContent = 'Testing ' + id + '...';
    call('POST', 'adapters/' + encodeURIComponent(id) + '/test', {}).then(function (answer) {
      while (target.firstChild) {
        target.removeChild(target.firstChild);
      }
      var t = answer.json;
      if (!answer.ok || !t.reachable) {
        append(target, failure({message: 'Adapter ' + id + ': ' + (t.problem || t.error)}));
        return;
      }
      if (t.transport === 'grpc') {
        // A Proxy has no broker list to show: that it answered is the test.
        append(target, el('h3', {}, 'Adapter ' + id + ': Proxy at ' + t.address + ' answered in ' + t.millis + ' ms'));
        return;
      }
      append(target, el('h3', {}, 'Adapter ' + id + ': NameServer answered in ' + t.millis + ' ms'),
        table(['Cluster', 'Broker', 'Address', 'Version', 'Round trip', 'Problem'], t.brokers.map(function (b) {
          return el('tr', {}, el('td', {}, b.cluster), el('td', {}, b.brokerName), el('td', {}, b.address),
            el('td', {}, b.version), el('td', {}, b.roundTripMillis + ' ms'), el('td', {}, b.problem));
        }), {'data-test': 'brokers'}));
    });
  }

  // ---- the adapter form, built from the key definitions

  function form(id) {
    var live = current();
    Promise.all([get('keys'), id ? get('adapters/' + encodeURIComponent(id)) : Promise.resolve(null)])
      .then(function (loaded) {
        if (!live()) {
          return;
        }
        var keys = loaded[0];
        var detail = loaded[1];
        var settings = detail ? detail.settings : {};
        var readOnly = !session.admin || (detail && detail.adapter.managed);
        var inputs = {};
        var fields = keys.map(function (key) {
          var current = settings[key.key];
          var input;
          var choices = key.options.length > 0 ? key.options : (key.type === 'Boolean' ? ['true', 'false'] : null);
          if (choices) {
            input = el('select', {name: key.key},
              el('option', {value: ''}, key.defaultValue ? '(default: ' + key.defaultValue + ')' : ''),
              choices.map(function (o) { return el('option', {value: o}, o); }));
          } else if (key.secret) {
            input = el('input', {type: 'password', name: key.key, autocomplete: 'new-password',
              placeholder: current ? 'write-only: set (leave empty to keep)' : 'write-only'});
          } else {
            input = el('input', {type: 'text', name: key.key, placeholder: key.defaultValue || ''});
          }
          if (!key.secret && current !== undefined && current !== null) {
            input.value = String(current);
          }
          input.dataset.original = key.secret ? '' : input.value;
          if (readOnly || (id && key.key === 'id')) {
            input.disabled = true;
          }
          inputs[key.key] = input;
          return el('tr', {'data-key': key.key},
            el('td', {}, el('label', {}, key.name),
              el('div', {class: 'rmq-key'}, key.key + (key.required && !key.defaultValue ? ' *' : ''))),
            el('td', {}, input, el('div', {class: 'rmq-field-error', 'data-error-for': key.key})),
            el('td', {class: 'rmq-help'}, key.description));
        });
        var banner = null;
        if (detail && detail.adapter.managed) {
          banner = el('p', {class: 'rmq-managed', 'data-test': 'managed-reason'}, 'Adapter ' + id
            + ' is managed' + (detail.adapter.app ? ' by app ' + detail.adapter.app : '') + ': it is read-only here. '
            + 'Change ' + (detail.adapter.file ? 'its file ' + detail.adapter.file : 'its configuration ' + detail.pid)
            + ' instead.');
        }
        var message = el('div', {'data-test': 'form-message'});
        var save = readOnly ? null : el('button', {'data-action': 'save', onclick: function () {
          submit(id, keys, inputs, message);
        }}, id ? 'Save' : 'Create');
        show(el('h2', {}, id ? (readOnly ? 'Adapter ' + id : 'Edit adapter ' + id) : 'New adapter'), banner,
          el('table', {class: 'nicetable rmq-form'}, el('tbody', {}, fields)), save, message);
      }, function (e) { if (live()) { show(failure(e)); } });
  }

  function submit(id, keys, inputs, message) {
    var values = {};
    keys.forEach(function (key) {
      var input = inputs[key.key];
      if (input.disabled) {
        return;
      }
      var value = input.value.trim();
      if (key.secret ? value !== '' : value !== input.dataset.original) {
        values[key.key] = value;
      }
    });
    document.querySelectorAll('.rmq-field-error').forEach(function (node) { node.textContent = ''; });
    message.textContent = '';
    var request = id ? call('POST', 'adapters/' + encodeURIComponent(id), {changes: values})
      : call('POST', 'adapters', {settings: values});
    request.then(function (answer) {
      if (answer.ok) {
        location.hash = '#adapter/' + encodeURIComponent(answer.json.adapter.id);
        return;
      }
      var unplaced = [];
      (answer.json.problems || []).forEach(function (problem) {
        var slot = document.querySelector('[data-error-for="' + CSS.escape(problem.key) + '"]');
        if (slot) {
          slot.textContent = problem.message;
        } else {
          unplaced.push(problem.message);
        }
      });
      append(message, failure({message: answer.json.error}));
      unplaced.forEach(function (text) { append(message, failure({message: text})); });
    });
  }

  // ---- one adapter: settings, clients, charts, topics, groups

  /** Puts an adapter's state, clients and consumer groups into their elements; called again on refresh. */
  function showState(a, state, clients) {
    state.className = a.up ? 'rmq-up' : 'rmq-down';
    state.textContent = a.up ? 'UP' : 'DOWN: ' + a.reason;
    clients.textContent = a.clients.length ? a.clients.join(', ') : 'none yet';
  }

  function showGroups(path, groups) {
    get(path + '/groups').then(function (list) {
      groups.textContent = '';
      append(groups, list.length === 0 ? el('p', {}, 'No consumers running.') :
        table(['Group', 'Lag', 'Queues', 'Problem'], list.map(function (g) {
          return el('tr', {}, el('td', {}, g.group), el('td', {}, g.lag), el('td', {}, g.queues.length),
            el('td', {}, g.problem));
        })));
    }, function (e) { groups.textContent = ''; append(groups, failure(e)); });
  }

  function detail(id) {
    var path = 'adapters/' + encodeURIComponent(id);
    var live = current();
    get(path).then(function (d) {
      if (!live()) {
        return;
      }
      var a = d.adapter;
      var state = el('p', {'data-test': 'state'});
      var clients = el('p', {'data-test': 'clients'});
      var charts = el('div', {class: 'rmq-charts', 'data-test': 'charts'});
      var topics = el('div', {});
      var groups = el('div', {});
      showState(a, state, clients);
      show(el('h2', {}, 'Adapter ' + a.id + (a.name ? ' (' + a.name + ')' : '')), state,
        a.description ? el('p', {'data-test': 'description'}, a.description) : null,
        el('h3', {}, 'Per minute, last 60 minutes'), charts,
        el('h3', {}, 'Running clients'), clients,
        el('h3', {}, 'Settings'),
        table(['Key', 'Value'], Object.keys(d.settings).map(function (key) {
          return el('tr', {}, el('td', {}, key), el('td', {}, String(d.settings[key])));
        }), {'data-test': 'settings'}),
        el('h3', {}, 'Topics'), el('button', {onclick: function () { loadTopics(id, topics); }}, 'Load topics'), topics,
        el('h3', {}, 'Consumer groups'), groups);
      var drawn = {};
      // State, clients, groups and charts refresh by themselves: an adapter just created is still starting.
      var refresh = function () {
        get(path + '/history').then(function (history) { drawCharts(charts, history, drawn); });
        get(path).then(function (now) {
          showState(now.adapter, state, clients);
          if (now.adapter.up) {
            showGroups(path, groups);
          }
        });
      };
      refresh();
      timers.push(setInterval(refresh, 5000));
    }, function (e) { if (live()) { show(failure(e)); } });
  }


  function loadTopics(id, target) {
    target.textContent = 'Loading...';
    get('adapters/' + encodeURIComponent(id) + '/topics').then(function (list) {
      target.textContent = '';
      append(target, table(['Topic', 'Messages kept', 'Queues (broker:queue min..max)', 'Problem'], list.map(function (t) {
        return el('tr', {}, el('td', {}, t.topic), el('td', {}, t.messages),
          el('td', {}, t.queues.map(function (q) {
            return q.brokerName + ':' + q.queueId + ' ' + q.minOffset + '..' + q.maxOffset;
          }).join(', ')), el('td', {}, t.problem));
      }), {'data-test': 'topics'}));
    }, function (e) { target.textContent = ''; append(target, failure(e)); });
  }

  /** The calls and errors of every operation added up per minute (percentiles do not add up: none). */
  function allOperations(history) {
    var byStart = {};
    history.forEach(function (operation) {
      operation.minutes.forEach(function (m) {
        var sum = byStart[m.start] || (byStart[m.start] = {start: m.start, calls: 0, errors: 0});
        sum.calls += m.calls;
        sum.errors += m.errors;
      });
    });
    return {operation: 'all operations', countsOnly: true, minutes: Object.keys(byStart).map(function (start) {
      return byStart[start];
    })};
  }

  /**
   * uPlot charts over the last 60 minutes: calls and errors of all operations, then per operation calls
   * and errors, and p50 and p99 latency. Minutes without calls show 0 calls and no latency.
   */
  function drawCharts(target, history, drawn) {
    [allOperations(history)].concat(history).forEach(function (operation) {
      var now = Math.floor(Date.now() / 60000);
      var byMinute = {};
      operation.minutes.forEach(function (m) { byMinute[Math.floor(Date.parse(m.start) / 60000)] = m; });
      var x = [], calls = [], errors = [], p50 = [], p99 = [];
      for (var minute = now - 60; minute <= now; minute++) {
        var point = byMinute[minute];
        x.push(minute * 60);
        calls.push(point ? point.calls : 0);
        errors.push(point ? point.errors : 0);
        p50.push(point ? point.p50Millis : null);
        p99.push(point ? point.p99Millis : null);
      }
      var last = byMinute[now] || {calls: 0, errors: 0};
      var caption = operation.operation + ': ' + last.calls + ' calls and ' + last.errors + ' errors this minute';
      var existing = drawn[operation.operation];
      if (existing) {
        existing.counts.setData([x, calls, errors]);
        if (existing.latency) {
          existing.latency.setData([x, p50, p99]);
        }
        existing.caption.textContent = caption;
        existing.caption.setAttribute('data-calls', last.calls);
        return;
      }
      var box = el('figure', {class: 'rmq-chart', 'data-operation': operation.operation});
      var counts = el('div', {});
      var latency = el('div', {});
      var label = el('figcaption', {'data-test': 'chart-caption', 'data-operation': operation.operation,
        'data-calls': last.calls}, caption);
      append(box, [el('h4', {}, operation.operation), counts, operation.countsOnly ? null : latency, label]);
      append(target, box);
      drawn[operation.operation] = {
        caption: label,
        counts: new uPlot({title: 'calls and errors / min', width: 420, height: 180,
          series: [{}, {label: 'calls', stroke: '#1f77b4'}, {label: 'errors', stroke: '#d62728'}]},
          [x, calls, errors], counts),
        latency: operation.countsOnly ? null : new uPlot({title: 'latency (ms)', width: 420, height: 180,
          series: [{}, {label: 'p50', stroke: '#2ca02c', points: {show: true}},
            {label: 'p99', stroke: '#ff7f0e', points: {show: true}}]},
          [x, p50, p99], latency)
      };
    });
  }

  // ---- send and peek (admin)

  function sendForm(id) {
    var topic = el('input', {type: 'text', name: 'topic'});
    var tags = el('input', {type: 'text', name: 'tags'});
    var keys = el('input', {type: 'text', name: 'keys', placeholder: 'key1,key2'});
    var body = el('textarea', {name: 'body', rows: 4, cols: 60});
    var result = el('div', {'data-test': 'send-result'});
    show(el('h2', {}, 'Send a test message through ' + id),
      el('table', {class: 'nicetable rmq-form'}, el('tbody', {},
        [['Topic', topic], ['Tags', tags], ['Keys', keys], ['Body', body]].map(function (row) {
          return el('tr', {}, el('td', {}, row[0]), el('td', {}, row[1]));
        }))),
      el('button', {'data-action': 'send', onclick: function () {
        result.textContent = '';
        call('POST', 'adapters/' + encodeURIComponent(id) + '/send',
          {topic: topic.value, tags: tags.value, keys: keys.value, body: body.value}).then(function (answer) {
          if (!answer.ok) {
            append(result, failure({message: answer.json.error}));
            return;
          }
          var s = answer.json;
          // A gRPC adapter's receipt does not say where the message went (broker null, queue and offset -1).
          var where = s.broker == null ? '' : ' queue=' + s.broker + ':' + s.queueId + ' offset=' + s.offset;
          append(result, el('p', {}, s.status + ' msgId=' + s.msgId + where + ' requestId=', el('a', {'data-test': 'request-id',
              href: '#audit?' + query({requestId: s.requestId})}, s.requestId)));
        });
      }}, 'Send'),
      result);
  }

  function peekForm(id) {
    var topic = el('input', {type: 'text', name: 'topic'});
    var max = el('input', {type: 'number', name: 'max', value: 10, min: 1, max: 100});
    var result = el('div', {'data-test': 'peek-result'});
    show(el('h2', {}, 'Peek at a topic through ' + id),
      el('p', {}, 'The newest messages of every queue, read without a consumer group; no offset moves.'),
      el('p', {}, 'Topic ', topic, ' at most ', max, ' ', el('button', {'data-action': 'peek', onclick: function () {
        result.textContent = '';
        get('adapters/' + encodeURIComponent(id) + '/peek?' + query({topic: topic.value, max: max.value}))
          .then(function (list) {
            append(result, table(['Stored', 'msgId', 'Queue', 'Offset', 'Tags', 'Keys', 'Properties', 'Body'],
              list.map(function (m) {
                return el('tr', {}, el('td', {}, time(m.storedAt)), el('td', {}, m.msgId),
                  el('td', {}, m.broker + ':' + m.queueId), el('td', {}, m.offset), el('td', {}, m.tags),
                  el('td', {}, m.keys), el('td', {}, JSON.stringify(m.properties)),
                  el('td', {class: 'rmq-body'}, (m.bodyEncoding === 'base64' ? '(base64) ' : '') + m.body
                    + (m.bodyTruncated ? ' ... (' + m.bodyBytes + ' bytes)' : '')));
              }), {'data-test': 'peeked'}));
          }, function (e) { append(result, failure(e)); });
      }}, 'Peek')),
      result);
  }

  // ---- dead letters and offsets (operator actions)

  function deadLetterRows(list) {
    return list.map(function (d) {
      return el('tr', {'data-msg-id': d.msgId}, el('td', {}, d.msgId), el('td', {}, d.originalTopic), el('td', {}, d.tags),
        el('td', {}, (d.keys || []).join(' ')), el('td', {}, d.reconsumeTimes), el('td', {}, time(d.storeTime)),
        el('td', {'data-test': 'resent'}, time(d.resentAt)));
    });
  }

  /** A group's dead letters; an admin resends those not resent before, after confirming the list shown. */
  function deadLetters(id, params) {
    var group = el('input', {type: 'text', name: 'group', value: params.group || ''});
    var result = el('div', {'data-test': 'dlq-result'});
    var path = 'adapters/' + encodeURIComponent(id);
    show(el('h2', {}, 'Dead letters through ' + id),
      el('p', {}, 'Consumer group ', group, ' ', el('button', {'data-action': 'list-dlq', onclick: function () {
        location.hash = '#dlq/' + encodeURIComponent(id) + '?' + query({group: group.value.trim()});
      }}, 'List')),
      result);
    if (!params.group) {
      return;
    }
    get(path + '/dlq?' + query({group: params.group})).then(function (list) {
      var columns = ['Message id', 'Original topic', 'Tags', 'Keys', 'Attempts', 'Stored', 'Resent'];
      append(result, table(columns, deadLetterRows(list), {'data-test': 'dead-letters'}));
      var plan = list.filter(function (d) { return !d.resentAt; });
      if (!session.admin || plan.length === 0) {
        return;
      }
      var confirmBox = el('div', {});
      append(result, el('p', {}, el('button', {'data-action': 'resend-all', onclick: function () {
        confirmBox.textContent = '';
        append(confirmBox, el('p', {'data-test': 'resend-plan'}, plan.length
          + ' dead letter(s) not resent before will go back to their original topic. Nothing is sent until you confirm.'),
          el('button', {'data-action': 'confirm-resend', onclick: function () {
            call('POST', path + '/dlq-resend', {group: params.group, msgIds: plan.map(function (d) { return d.msgId; })})
              .then(function (answer) {
                confirmBox.textContent = '';
                if (!answer.ok) {
                  append(confirmBox, failure({message: answer.json.error}));
                  return;
                }
                append(confirmBox, el('p', {'data-test': 'resent-count'}, answer.json.length + ' dead letter(s) resent.'));
              });
          }}, 'Confirm: resend ' + plan.length));
      }}, 'Resend all not resent before')), confirmBox);
    }, function (e) { append(result, failure(e)); });
  }

  /** Preview of a group's offset reset on a topic; the reset itself only after the preview, on confirm. */
  function offsetsForm(id) {
    var group = el('input', {type: 'text', name: 'group'});
    var topic = el('input', {type: 'text', name: 'topic'});
    var to = el('input', {type: 'text', name: 'to', placeholder: 'earliest | latest | 2026-11-27T09:00:00Z'});
    var result = el('div', {'data-test': 'offsets-result'});
    var path = 'adapters/' + encodeURIComponent(id) + '/offsets';
    var columns = ['Broker', 'Queue', 'Old offset', 'New offset', 'Replayed', 'Skipped'];
    var render = function (reset, title) {
      var replayed = 0, skipped = 0;
      var rows = reset.queues.map(function (q) {
        var back = Math.max(0, q.oldOffset - q.newOffset), ahead = Math.max(0, q.newOffset - q.oldOffset);
        replayed += back;
        skipped += ahead;
        return el('tr', {}, el('td', {}, q.brokerName), el('td', {}, q.queueId), el('td', {}, q.oldOffset),
          el('td', {}, q.newOffset), el('td', {}, back), el('td', {}, ahead));
      });
      append(result, el('h3', {}, title), table(columns, rows),
        el('p', {'data-test': 'offsets-totals'}, 'Messages replayed: ' + replayed + ', skipped: ' + skipped
          + (reset.online ? ' (consumers online: the broker tells them)' : ' (no consumer online)')));
    };
    show(el('h2', {}, 'Reset a consumer group\'s offsets through ' + id),
      el('p', {}, 'A time without a zone is UTC. The preview changes nothing.'),
      el('p', {}, 'Group ', group, ' topic ', topic, ' to ', to, ' ', el('button', {'data-action': 'preview', onclick: function () {
        result.textContent = '';
        var chosen = {group: group.value.trim(), topic: topic.value.trim(), to: to.value.trim()};
        get(path + '?' + query(chosen)).then(function (preview) {
          render(preview, 'Preview');
          append(result, el('button', {'data-action': 'confirm-reset', onclick: function (event) {
            event.target.disabled = true; // once: a second reset would start from the new offsets
            call('POST', path, chosen).then(function (answer) {
              if (!answer.ok) {
                append(result, failure({message: answer.json.error}));
                return;
              }
              render(answer.json, 'Offsets reset');
            });
          }}, 'Confirm: reset the offsets'));
        }, function (e) { append(result, failure(e)); });
      }}, 'Preview')),
      result);
  }

  // ---- audit log

  function audit(params) {
    var fields = {
      adapter: el('input', {type: 'text', name: 'adapter', value: params.adapter || ''}),
      operation: el('input', {type: 'text', name: 'operation', value: params.operation || ''}),
      outcome: el('select', {name: 'outcome'}, ['', 'OK', 'ERROR'].map(function (o) {
        return el('option', {value: o, selected: (params.outcome || '') === o}, o || 'any');
      })),
      requestId: el('input', {type: 'text', name: 'requestId', value: params.requestId || '', size: 34}),
      since: el('input', {type: 'text', name: 'since', value: params.since || '', placeholder: '2026-11-27T10:00:00Z'}),
      until: el('input', {type: 'text', name: 'until', value: params.until || '', placeholder: '2026-11-27T11:00:00Z'})
    };
    var page = Number(params.page || 0);
    var filter = function (toPage) {
      var next = {page: toPage};
      Object.keys(fields).forEach(function (name) { next[name] = fields[name].value.trim(); });
      location.hash = '#audit?' + query(next);
    };
    var apiParams = Object.assign({}, params, {page: page, size: 50});
    var rows = el('div', {});
    show(el('h2', {}, 'Audit log'),
      el('p', {class: 'rmq-filters'}, Object.keys(fields).map(function (name) {
        return el('label', {}, name + ' ', fields[name], ' ');
      }), el('button', {'data-action': 'filter', onclick: function () { filter(0); }}, 'Filter'), ' ',
      el('a', {href: root + '/api/audit.csv?' + query(Object.assign({}, params, {page: null})), 'data-test': 'csv'},
        'Export CSV')),
      rows);
    get('audit?' + query(apiParams)).then(function (result) {
      append(rows, table(['Time', 'requestId', 'Adapter', 'Operation', 'Target', 'Caller', 'Outcome', 'Error', 'µs'],
        result.rows.map(function (r) {
          return el('tr', {'data-request-id': r.requestId}, el('td', {}, time(r.timestamp)), el('td', {}, r.requestId),
            el('td', {}, r.adapterId), el('td', {}, r.operation), el('td', {}, r.target), el('td', {}, r.caller),
            el('td', {class: r.outcome === 'ERROR' ? 'rmq-down' : ''}, r.outcome), el('td', {}, r.errorClass),
            el('td', {}, r.durationMicros));
        }), {'data-test': 'audit'}),
        el('p', {}, page > 0 ? el('button', {onclick: function () { filter(page - 1); }}, 'Newer') : null,
          ' Page ' + (page + 1) + ' ',
          result.more ? el('button', {onclick: function () { filter(page + 1); }}, 'Older') : null));
    }, function (e) { append(rows, failure(e)); });
  }

  // ---- alerts

  function alerts() {
    var live = current();
    get('alerts').then(function (a) {
      if (!live()) {
        return;
      }
      var alertRows = function (list) {
        return list.map(function (x) {
          return el('tr', {}, el('td', {}, x.policy), el('td', {}, x.adapterId), el('td', {}, x.metric),
            el('td', {}, number(x.value, 3)), el('td', {}, number(x.threshold, 3)), el('td', {}, x.window),
            el('td', {}, time(x.raisedAt)), el('td', {}, time(x.resolvedAt)));
        });
      };
      var columns = ['Policy', 'Adapter', 'Metric', 'Value', 'Threshold', 'Window', 'Raised', 'Resolved'];
      show(el('h2', {}, 'Active alerts'), table(columns, alertRows(a.active), {'data-test': 'active-alerts'}),
        el('h2', {}, 'Recently resolved'), table(columns, alertRows(a.resolved)),
        el('h2', {}, 'Policies'),
        table(['Name', 'Adapters', 'Operation', 'Metric', 'Alert when', 'Threshold', 'Window', 'Cooldown', 'Min calls',
          'Notify'],
          a.policies.map(function (p) {
            return el('tr', {}, el('td', {}, p.name), el('td', {}, p.adapters), el('td', {}, p.operation || 'all'),
              el('td', {}, p.metric), el('td', {}, p.comparison), el('td', {}, number(p.threshold, 3)),
              el('td', {}, p.window), el('td', {}, p.cooldown), el('td', {}, p.minCalls),
              el('td', {}, (p.notifyTo || []).join(', ')));
          }), {'data-test': 'policies'}),
        el('h2', {}, 'Notifications'),
        table(['Target', 'Type', 'Destination', 'Delivered', 'Failed', 'Last failure'],
          (a.notifications || []).map(function (n) {
            return el('tr', {}, el('td', {}, n.name), el('td', {}, n.type), el('td', {}, n.destination),
              el('td', {}, n.delivered), el('td', {}, n.failed),
              el('td', {}, n.lastFailure ? time(n.lastFailureAt) + ' ' + n.lastFailure : ''));
          }), {'data-test': 'notifications'}));
    }, function (e) { if (live()) { show(failure(e)); } });
  }

  // ---- routing by the location's hash

  function route() {
    views++;
    var hash = location.hash || '#adapters';
    var parts = hash.split('?');
    var path = parts[0].split('/').map(decodeURIComponent);
    var params = {};
    new URLSearchParams(parts[1] || '').forEach(function (value, key) { params[key] = value; });
    switch (path[0]) {
      case '#adapter': return detail(path[1]);
      case '#new': return form(null);
      case '#edit': return form(path[1]);
      case '#send': return sendForm(path[1]);
      case '#peek': return peekForm(path[1]);
      case '#dlq': return deadLetters(path[1], params);
      case '#offsets': return offsetsForm(path[1]);
      case '#audit': return audit(params);
      case '#alerts': return alerts();
      default: return adapters();
    }
  }

  get('session').then(function (s) {
    session = s;
    window.addEventListener('hashchange', route);
    route();
  }, function (e) { container.textContent = 'The RocketMQ API did not answer: ' + e.message; });
}());
