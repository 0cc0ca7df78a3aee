module.exports = { ...require('../../jest.preset.js'), displayName: 'transactional-messaging', rootDir: __dirname };
